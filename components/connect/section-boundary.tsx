"use client";

import { Component, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { emitHostEvent } from "./host-bridge";

// A section of the connect page (the apps, the devices) failed to load on the server (the
// page's shell is already there): say so in the page, with a way to try again, and tell the
// embedding host (a widget's "failed" event with no connector, its `hostReason`). React has
// error boundaries only as class components.

type State = { failed: boolean };

/** Its words, in the page's language (translated on the server: the boundary sits outside the page's message provider). */
type Words = { title: string; text: string; retry: string };

export class SectionBoundary extends Component<{ words: Words; hostReason: string; children: ReactNode }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch() {
    // For the host's developers, in English like the rest of the host API.
    emitHostEvent({ type: "failed", reason: this.props.hostReason });
  }

  render() {
    const { words, children } = this.props;
    if (!this.state.failed) return children;
    return (
      <div role="alert" className="mt-6 rounded-sb-card border border-sb-line bg-sb-surface p-6 shadow-sm">
        <p className="font-medium">{words.title}</p>
        <p className="mt-1 text-sm text-sb-fg-muted">{words.text}</p>
        <Button className="mt-4" variant="primary" onClick={() => window.location.reload()}>
          {words.retry}
        </Button>
      </div>
    );
  }
}
