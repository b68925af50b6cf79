// Types for /sdk/switchboard.js.
export type SwitchboardEventType = "ready" | "connected" | "disconnected" | "failed" | "session-expired";

export interface SwitchboardEvent {
  type: SwitchboardEventType;
  /** The connector the event is about; null for ready and session-expired. */
  connector: { id: string; name: string } | null;
}

export interface MountOptions {
  /** The connect session's embedUrl, from POST /api/v1/connect-sessions. */
  url: string;
  onEvent?: (event: SwitchboardEvent) => void;
  /** The iframe's accessible title. Default "Connect your apps". */
  title?: string;
}

export interface SwitchboardWidget {
  iframe: HTMLIFrameElement;
  /** Removes the iframe and stops listening. */
  unmount(): void;
}

declare global {
  interface Window {
    Switchboard: { mount(element: HTMLElement, options: MountOptions): SwitchboardWidget };
  }
}
