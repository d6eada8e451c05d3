// A graphql-ws client (the graphql-transport-ws protocol) subscribing to one operation.
// argv[2]: the gateway's ws:// URL; argv[3]: JSON {token?, query, variables?, events, timeoutMs,
// untilClosed?, origin?} (untilClosed: an error does not end the client; the server's close
// does; origin: the Origin header of the handshake).
// Prints one JSON line per happening: connected, next, error, closed; then done.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, config] = [process.argv[2], JSON.parse(process.argv[3])];
const say = (line) => console.log(JSON.stringify(line));
let received = 0;
// A page's origin, as a browser would send it on the handshake.
class FromOrigin extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, config.origin ? { origin: config.origin } : {});
  }
}
const client = createClient({
  url,
  webSocketImpl: FromOrigin,
  retryAttempts: 0,
  lazy: false,
  connectionParams: config.token ? { Authorization: `Bearer ${config.token}` } : {},
  on: {
    connected: () => say({ type: "connected" }),
    closed: (event) => {
      say({ type: "closed", code: event.code, reason: event.reason });
      if (config.untilClosed) finish();
    },
  },
});
const finish = () => {
  say({ type: "done", received });
  client.dispose();
  setTimeout(() => process.exit(0), 50);
};
setTimeout(finish, config.timeoutMs ?? 15000);
client.subscribe(
  { query: config.query, variables: config.variables ?? {} },
  {
    next: (payload) => {
      received += 1;
      say({ type: "next", payload });
      if (received >= config.events) finish();
    },
    error: (error) => {
      const detail = Array.isArray(error) ? { errors: error } : { code: error.code, reason: error.reason, message: String(error.message ?? error) };
      say({ type: "error", ...detail });
      if (!config.untilClosed) finish();
    },
    complete: () => {
      say({ type: "complete" });
      if (!config.untilClosed) finish();
    },
  },
);
