// Apollo Client 4 with its normalized InMemoryCache: watches a cart query, then runs
// mutations one by one, and prints what the watched query showed after each and every
// request that went to the gateway (so a refetch would show).
// argv[2]: the GraphQL URL; argv[3]: a JSON plan
//   { "token": "...", "watch": "<query>", "steps": [{ "mutation": "<doc>", "variables": {...} }] }
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";

const [url, planText] = process.argv.slice(2);
const plan = JSON.parse(planText);
const requests = [];
const countingFetch = (uri, options) => {
  requests.push(JSON.parse(options.body).operationName);
  return fetch(uri, options);
};
const client = new ApolloClient({
  link: new HttpLink({
    uri: url,
    fetch: countingFetch,
    headers: { authorization: `Bearer ${plan.token}` },
  }),
  cache: new InMemoryCache(),
});

const emissions = [];
const watched = client.watchQuery({ query: gql(plan.watch) });
let resolveFirst;
const first = new Promise((resolve) => (resolveFirst = resolve));
const subscription = watched.subscribe({
  next: (result) => {
    if (result.data && result.dataState === "complete") {
      emissions.push(result.data);
      resolveFirst();
    }
  },
  error: (error) => {
    console.log(JSON.stringify({ error: String(error) }));
    process.exit(1);
  },
});
await first;
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const seen = [emissions.at(-1)];
const payloads = [];
for (const step of plan.steps) {
  const result = await client.mutate({ mutation: gql(step.mutation), variables: step.variables });
  payloads.push(result.data);
  await settle(); // the cache broadcasts to watchers after the write
  seen.push(emissions.at(-1));
}
subscription.unsubscribe();
console.log(JSON.stringify({ requests, emissions: emissions.length, seen, payloads }));
