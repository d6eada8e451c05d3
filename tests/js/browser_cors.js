// A page on another origin calls the gateway with `fetch`, as a storefront would: a POST
// with a bearer token, so Chromium sends a preflight first and enforces CORS on both.
// argv: Chromium's path, the page's URL, the gateway's /graphql URL, a bearer token.
// Prints {origin, ok, status, body, requestId} or {origin, ok: false, error}.
import { withPage } from "./chromium.js";

const [executablePath, pageUrl, gatewayUrl, token] = process.argv.slice(2);

const result = await withPage(executablePath, async (page) => {
  await page.goto(pageUrl);
  return page.evaluate(async ({ url, token }) => {
    const origin = window.location.origin;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: "{ viewer { id } }" }),
      });
      return {
        origin,
        ok: true,
        status: response.status,
        body: await response.json(),
        requestId: response.headers.get("x-request-id"),
      };
    } catch (error) {
      return { origin, ok: false, error: String(error) };
    }
  }, { url: gatewayUrl, token });
});
console.log(JSON.stringify(result));
