// A graphql-sse client (Server-Sent Events, distinct connections mode) subscribing to one
// operation. argv[2]: the gateway's http:// URL; argv[3]: JSON {token?, query, variables?,
// events, timeoutMs}. Prints one JSON line per happening, as subscribe.js does: connected,
// next, error, complete; then done.
import { createClient } from "graphql-sse";

const [url, config] = [process.argv[2], JSON.parse(process.argv[3])];
const say = (line) => console.log(JSON.stringify(line));
let received = 0;
const client = createClient({
  url,
  retryAttempts: 0,
  headers: config.token ? { Authorization: `Bearer ${config.token}` } : {},
  on: { connected: () => say({ type: "connected" }) },
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
      const status = error.response?.status;
      say({ type: "error", status, message: String(error.message ?? error) });
      finish();
    },
    complete: () => {
      say({ type: "complete" });
      finish();
    },
  },
);
