// GraphiQL as a developer uses it, with no network but the gateway's: every request to
// another host is aborted (and recorded). The page renders, loads the schema, runs a query
// typed in its editor, then the same with a bearer token typed in its Headers tab.
// argv: Chromium's path, the gateway's /graphql URL, a bearer token, [a screenshot's path].
// Prints what the page showed and which requests it made.
import { withPage } from "./chromium.js";

const [executablePath, graphqlUrl, token, screenshot] = process.argv.slice(2);
const gatewayHost = new URL(graphqlUrl).host;
const QUERY = "query Me { viewer { id } }";

// Types into one of GraphiQL's CodeMirror editors, replacing what it holds; its brackets
// and quotes close themselves, and typing the closing one steps over it.
async function typeInto(page, editor, text) {
  await page.locator(`${editor} .CodeMirror`).filter({ visible: true }).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

// Runs the query once GraphiQL has parsed it: its tab is named after its operation (run
// before, GraphiQL would send the operation name of the text it held before).
async function run(page) {
  await page.locator(".graphiql-tab-active").getByText("Me").waitFor();
  await page.locator(".graphiql-execute-button").click();
}

async function response(page, expected) {
  const pane = page.locator(".graphiql-response");
  try {
    await pane.getByText(expected).first().waitFor();
  } catch (error) {
    if (screenshot) await page.screenshot({ path: screenshot });
    throw new Error(`${error.message}\nthe response pane shows: ${await pane.innerText()}`);
  }
  return pane.innerText();
}

const report = await withPage(executablePath, async (page) => {
  const blocked = [];
  const served = [];
  const errors = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).host !== gatewayHost) {
      blocked.push(url);
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  page.on("response", (answer) => served.push(`${answer.status()} ${answer.url()}`));
  page.on("pageerror", (error) => errors.push(String(error)));

  const introspection = page.waitForResponse(
    (answer) =>
      answer.request().method() === "POST" &&
      (answer.request().postData() ?? "").includes("IntrospectionQuery"),
  );
  await page.goto(graphqlUrl);
  const schema = (await (await introspection).json()).data.__schema.queryType.name;
  // The documentation explorer lists the root types once the schema has loaded.
  await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
  const docs = await page.locator(".graphiql-doc-explorer").innerText();

  await typeInto(page, ".graphiql-query-editor", QUERY);
  const typed = await page.evaluate(
    () => document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.getValue(),
  );
  await run(page);
  const anonymous = await response(page, '"viewer": null');

  await page.getByRole("button", { name: "Headers" }).click();
  await typeInto(page, ".graphiql-editor-tool", `{"Authorization": "Bearer ${token}"}`);
  await run(page);
  const signedIn = await response(page, '"id"');
  if (screenshot) await page.screenshot({ path: screenshot });
  return { schema, docs, typed, anonymous, signedIn, blocked, served, errors };
});
console.log(JSON.stringify(report));
