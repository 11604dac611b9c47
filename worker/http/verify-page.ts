/**
 * The page a verification link opens (`GET /v1/verify`): self-contained HTML whose one inline
 * script, allowed by a per-response nonce, takes the token from the URL fragment, removes it from
 * the address bar, POSTs it to `/v1/verify` and says whether the visitor is verified.
 */

const NONCE_BYTES = 16; // 128 random bits per response, as CSP nonces should be

/** What the page says for each answer of `POST /v1/verify`; kept beside the codes the route sends. */
const MESSAGES = {
  verified: "You're verified — you can return to the chat.",
  token_used: "This link was already used. If you are not verified yet, ask the chat for a new link.",
  token_expired: "This link has expired. Ask the chat for a new one.",
  email_changed: "This link was sent to an address that has changed since. Ask the chat for a new link.",
  invalid_token: "This link is not valid. Check that you opened the whole link from the email.",
  failed: "We could not verify you right now. Try the link again in a moment.",
} as const;

const SCRIPT = `
const messages = ${JSON.stringify(MESSAGES)};
const status = document.getElementById("status");
const show = (text, ok) => { status.textContent = text; status.className = ok ? "ok" : "bad"; };
const token = new URLSearchParams(location.hash.slice(1)).get("token");
history.replaceState(null, "", location.pathname);
if (!token) show(messages.invalid_token, false);
else fetch("/v1/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) })
  .then(async (response) => {
    if (response.ok) return show(messages.verified, true);
    const body = await response.json().catch(() => null);
    show(messages[body && body.error && body.error.code] || messages.failed, false);
  })
  .catch(() => show(messages.failed, false));
`;

const STYLE = `
body { font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; margin: 0; background: #f6f7f9; color: #111; }
main { max-width: 28rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 4px 20px rgba(0,0,0,.08); text-align: center; }
.ok { color: #166534; } .bad { color: #991b1b; }
`;

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(NONCE_BYTES))));
}

/** The page and its headers: nothing loads but this script and style, nothing may frame it, and the Referer never carries the URL. */
export function verifyPage(): { html: string; headers: Record<string, string> } {
  const nonce = newNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Confirm your email</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main><h1>Confirm your email</h1><p id="status" role="status">Checking your link…</p></main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
  return {
    html,
    headers: {
      "content-security-policy": csp,
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  };
}
