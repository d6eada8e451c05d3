// A graphql-ws client (the graphql-transport-ws protocol) or, with eventStream, a graphql-sse
// client (Server-Sent Events, distinct connections mode) subscribing to one operation.
// argv[2]: the gateway's ws:// (http:// for eventStream) URL; argv[3]: JSON {token?, query,
// variables?, events, timeoutMs, untilClosed?, origin?, eventStream?} (untilClosed: an error
// does not end the client; the server's close does; origin: the Origin header of the
// handshake). Prints one JSON line per happening: connected, next, error (a refused event
// stream: its HTTP status), complete, closed; then done.
import { createClient as overWebSocket } from "graphql-ws";
import { createClient as overEventStream } from "graphql-sse";
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
const authorization = config.token ? { Authorization: `Bearer ${config.token}` } : {};
const connected = () => say({ type: "connected" });
const client = config.eventStream
  ? overEventStream({ url, retryAttempts: 0, headers: authorization, on: { connected } })
  : overWebSocket({
      url,
      webSocketImpl: FromOrigin,
      retryAttempts: 0,
      lazy: false,
      connectionParams: authorization,
      on: {
        connected,
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
      const detail = Array.isArray(error)
        ? { errors: error }
        : { code: error.code, reason: error.reason, status: error.response?.status, message: String(error.message ?? error) };
      say({ type: "error", ...detail });
      if (!config.untilClosed) finish();
    },
    complete: () => {
      say({ type: "complete" });
      if (!config.untilClosed) finish();
    },
  },
);
