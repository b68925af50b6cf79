import type { ComponentProps } from "react";

// The app's buttons, in the console and on the connect page alike. `buttonClass` is for
// links that look like buttons. Colours and corners are theme tokens (app/globals.css): the
// console's are its usual Tailwind colours, the connect page's follow the session's appearance.
// `dark` is the console's own and is not themed.

const variants = {
  primary: "bg-sb-accent font-medium text-sb-on-accent hover:bg-sb-accent-hover",
  dark: "bg-slate-800 font-medium text-white hover:bg-slate-700",
  secondary: "bg-sb-surface text-sb-fg-2 ring-1 ring-inset ring-sb-line-strong hover:bg-sb-surface-hover",
  danger: "text-sb-danger ring-1 ring-inset ring-sb-danger-line hover:bg-sb-danger-bg",
  ghost: "text-sb-fg-2 hover:bg-sb-fill",
} as const;

const sizes = {
  md: "px-3 py-2 text-sm font-medium",
  sm: "px-3 py-1.5 text-sm",
  /** An action in a table row: compact, at the table's text size. */
  row: "px-2 py-1",
} as const;

export type ButtonStyle = { variant?: keyof typeof variants; size?: keyof typeof sizes; className?: string };

export function buttonClass({ variant = "secondary", size = "md", className }: ButtonStyle = {}): string {
  return ["rounded-sb disabled:opacity-60", sizes[size], variants[variant], className].filter(Boolean).join(" ");
}

export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & ButtonStyle) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}
