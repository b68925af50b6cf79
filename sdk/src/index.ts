// @switchboard/sdk: the host's browser side. `mount` frames the widget; `connect` connects one
// connector from the host's own button. Both are safe to import during server rendering: they
// touch the browser only when called.
export { mount, type MountOptions, type SwitchboardWidget } from "./mount";
export { connect, type ConnectOptions, type SwitchboardConnection } from "./connect";
export type { Appearance, ConnectEvent, ConnectEventType, ConnectorRef, DeviceRef, SwitchboardEvent, WidgetEventType } from "./protocol";
