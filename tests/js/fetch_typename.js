// The smallest real client: POSTs `{ __typename }` to the gateway URL given as argv[2].
const response = await fetch(process.argv[2], {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ query: "{ __typename }" }),
});
console.log(JSON.stringify({ status: response.status, body: await response.json() }));
