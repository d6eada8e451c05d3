// The GraphQL-over-HTTP audit suite (graphql-http's `auditServer`) against the gateway URL
// given as argv[2]. Prints how many audits ended in each status (ok, warn, error, notice)
// and the ones that did not pass, with their reasons.
import { auditServer } from "graphql-http";

const results = await auditServer({ url: process.argv[2] });
const counts = { ok: 0, warn: 0, error: 0, notice: 0 };
for (const result of results) counts[result.status] += 1;
const notPassed = results
  .filter((result) => result.status !== "ok")
  .map(({ id, name, status, reason }) => ({ id, name, status, reason }));
console.log(JSON.stringify({ total: results.length, ...counts, notPassed }));
