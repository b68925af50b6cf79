"use client";

import { Component, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { emitHostEvent } from "./host-bridge";

// The apps list failed to load on the server (the page's shell is already there): say so in
// the page, with a way to try again, and tell the embedding host (a widget's "failed" event
// with no connector). React has error boundaries only as class components.

type State = { failed: boolean };

export class AppsBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch() {
    emitHostEvent({ type: "failed", reason: "The apps could not be loaded." });
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <p className="font-medium">Your apps could not be loaded.</p>
        <p className="mt-1 text-sm text-slate-600">It is not something you did: try again in a moment.</p>
        <Button className="mt-4" variant="primary" onClick={() => window.location.reload()}>
          Try again
        </Button>
      </div>
    );
  }
}
