import type { ComponentProps } from "react";

// The app's buttons, in the console and on the connect page alike. `buttonClass` is for
// links that look like buttons.

const variants = {
  primary: "bg-indigo-600 font-medium text-white hover:bg-indigo-500",
  dark: "bg-slate-800 font-medium text-white hover:bg-slate-700",
  secondary: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50",
  danger: "text-red-700 ring-1 ring-inset ring-red-300 hover:bg-red-50",
  ghost: "text-slate-700 hover:bg-slate-100",
} as const;

const sizes = {
  md: "px-3 py-2 text-sm font-medium",
  sm: "px-3 py-1.5 text-sm",
  /** An action in a table row: compact, at the table's text size. */
  row: "px-2 py-1",
} as const;

export type ButtonStyle = { variant?: keyof typeof variants; size?: keyof typeof sizes; className?: string };

export function buttonClass({ variant = "secondary", size = "md", className }: ButtonStyle = {}): string {
  return ["rounded-md disabled:opacity-60", sizes[size], variants[variant], className].filter(Boolean).join(" ");
}

export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & ButtonStyle) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}
