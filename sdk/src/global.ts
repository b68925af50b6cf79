// The script-tag build (/sdk/switchboard.js, /sdk/v1/switchboard.js): `window.Switchboard`.
import { connect } from "./connect";
import { mount } from "./mount";

export type { Appearance, ConnectEvent, ConnectEventType, ConnectorRef, DeviceRef, SwitchboardEvent, WidgetEventType } from "./protocol";
export type { MountOptions, SwitchboardWidget } from "./mount";
export type { ConnectOptions, SwitchboardConnection } from "./connect";

declare global {
  interface Window {
    Switchboard: { mount: typeof mount; connect: typeof connect };
  }
}

window.Switchboard = { mount, connect };
