// Apollo Client 4 runs the query given as argv[3] against the gateway URL given as argv[2]
// and prints the error it reports: its class and the `extensions.code` of each GraphQL
// error (what an app can act on), or null when there was none.
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from "@apollo/client";

const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: new HttpLink({ uri: process.argv[2] }),
});
const { error } = await client.query({ query: gql(process.argv[3]), errorPolicy: "all" });
console.log(
  JSON.stringify(
    error === undefined
      ? null
      : {
          name: error.name,
          codes: CombinedGraphQLErrors.is(error)
            ? error.errors.map((graphQLError) => graphQLError.extensions?.code)
            : [],
        },
  ),
);
