import { useState } from "react";
import { createRoot } from "react-dom/client";
// The built package, as a host's bundler would take it (e2e/sdk.spec.ts bundles this file).
import { SwitchboardConnect, useSwitchboardConnect, type ConnectEvent, type SwitchboardEvent } from "../../sdk/dist/react.js";

// A host's React app: the widget as a component, and its own button for headless connect.
// Its sessions come from the page (the host's server minted them).

type Sessions = { embedUrls: string[]; url: string; connector: string };

function App({ sessions }: { sessions: Sessions }) {
  const [which, setWhich] = useState(0);
  const [events, setEvents] = useState<string[]>([]);
  const log = (event: SwitchboardEvent | ConnectEvent, via = "") =>
    setEvents((seen) => [...seen, `${event.type}${event.connector ? `: ${event.connector.name}` : ""}${via}`]);
  const headless = useSwitchboardConnect({ url: sessions.url, onEvent: (event) => log(event, " (headless)") });
  return (
    <main>
      <h1>Host app (React)</h1>
      <SwitchboardConnect
        url={sessions.embedUrls[which]!}
        appearance={{ theme: "dark", accent: "#0f766e", radius: 12 }}
        locale="de"
        onEvent={(event) => log(event)}
        className="widget"
      />
      <button type="button" onClick={() => setWhich((which + 1) % sessions.embedUrls.length)}>
        Use another session
      </button>
      <button type="button" onClick={() => headless.connect(sessions.connector)}>
        {`Connect ${sessions.connector} from the host`}
      </button>
      <p role="status">{`Headless: ${headless.status}`}</p>
      <ul aria-label="Events">
        {events.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ul>
    </main>
  );
}

const sessions = JSON.parse(document.getElementById("sessions")!.textContent ?? "{}") as Sessions;
createRoot(document.getElementById("root")!).render(<App sessions={sessions} />);
