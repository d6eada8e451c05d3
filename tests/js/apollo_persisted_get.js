// Apollo Client 4 with automatic persisted queries over GET (`useGETForHashedQueries`),
// against the gateway URL given as argv[2]: two clients (two browsers) run the same query
// one after the other. Prints every HTTP exchange (method, whether the query's text was
// sent, status, content type, error codes) and the category ids each client got.
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { createHash } from "node:crypto";

const exchanges = [];

async function recordingFetch(input, init = {}) {
  const response = await fetch(input, init);
  const method = init.method ?? "GET";
  const sentText =
    method === "GET"
      ? new URL(String(input)).searchParams.has("query")
      : "query" in JSON.parse(init.body);
  const body = await response.clone().json();
  exchanges.push({
    method,
    sentText,
    status: response.status,
    contentType: response.headers.get("content-type"),
    codes: (body.errors ?? []).map((error) => error.extensions?.code),
  });
  return response;
}

function browser() {
  const sha256 = (text) => createHash("sha256").update(text).digest("hex");
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
      new HttpLink({ uri: process.argv[2], fetch: recordingFetch }),
    ),
  });
}

const TREE = gql`
  query PersistedTree {
    categories {
      id
    }
  }
`;
const results = [];
for (const client of [browser(), browser()]) {
  const { data } = await client.query({ query: TREE });
  results.push(data.categories.map((category) => category.id));
}
console.log(JSON.stringify({ exchanges, results }));
