/**
 * The page a verification link opens (`GET /v1/verify`): self-contained HTML whose one inline
 * script, allowed by a per-response nonce, takes the token from the URL fragment (it never appears
 * in the HTML), removes it from the address bar, asks `POST /v1/verify/preview` what the token
 * would approve, and shows that question ("Let Frontdesk Demo show your billing address in the
 * chat?") with an Approve button. Only the click POSTs `/v1/verify` and spends the token, so a mail
 * scanner that runs scripts, or a visitor opening a link someone else asked for, approves nothing.
 */

const NONCE_BYTES = 16; // 128 random bits per response, as CSP nonces should be

/** What the page says for each answer of `POST /v1/verify` and its preview; kept beside the codes the route sends. */
const MESSAGES = {
  checking: "Checking your link…",
  verified: "You're verified — you can return to the chat.",
  token_used: "This link was already used. If you are not verified yet, ask the chat for a new link.",
  token_expired: "This link has expired. Ask the chat for a new one.",
  email_changed: "This link was sent to an address that has changed since. Ask the chat for a new link.",
  invalid_token: "This link is not valid. Check that you opened the whole link from the email.",
  failed: "We could not verify you right now. Try the link again in a moment.",
  ignore: "If you did not ask for this in a chat, close this page: nothing is shared until you approve.",
} as const;

// In SCRIPT and STYLE a line ending in `\` goes on in the next one: the template drops both.
const SCRIPT = `
const messages = ${JSON.stringify(MESSAGES)};
const status = document.getElementById("status");
const question = document.getElementById("question");
const details = document.getElementById("details");
const approve = document.getElementById("approve");
const show = (text, ok) => { status.textContent = text; status.className = ok ? "ok" : "bad"; };
const post = (path, token) => \
fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
const refused = async (response) => {
  const body = await response.json().catch(() => null);
  show(messages[body && body.error && body.error.code] || messages.failed, false);
};
const lower = (label) => /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
const list = (labels) => {
  const words = labels.map(lower);
  return words.length < 2 ? words.join("") : words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
};
const ask = (approval, token) => {
  question.textContent = approval.show.length
    ? "Let " + approval.agent.name + " show your " + list(approval.show) + " in the chat?"
    : "Let " + approval.agent.name + " know in the chat that you are " + approval.email + "?";
  const lines = ["This confirms that " + approval.email + " is your address."];
  if (approval.edit.length) lines.push(approval.agent.name + " may also change your " + list(approval.edit) + \
" when you confirm a change in the chat.");
  lines.push(messages.ignore);
  details.textContent = lines.join(" ");
  status.textContent = "";
  approve.hidden = false;
  approve.addEventListener("click", () => {
    approve.disabled = true;
    post("/v1/verify", token)
      .then((response) => {
        approve.hidden = true;
        if (response.ok) return show(messages.verified, true);
        return refused(response);
      })
      .catch(() => { approve.disabled = false; show(messages.failed, false); });
  });
};
const token = new URLSearchParams(location.hash.slice(1)).get("token");
history.replaceState(null, "", location.pathname);
if (!token) show(messages.invalid_token, false);
else post("/v1/verify/preview", token)
  .then(async (response) => (response.ok ? ask(await response.json(), token) : refused(response)))
  .catch(() => show(messages.failed, false));
`;

const STYLE = `
body { font-family: system-ui, sans-serif; display: grid; place-items: center; \
min-height: 100vh; margin: 0; background: #f6f7f9; color: #111; }
main { max-width: 28rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 4px 20px rgba(0,0,0,.08); text-align: center; }
.ok { color: #166534; } .bad { color: #991b1b; }
button { font: inherit; padding: .6rem 1.4rem; border: 0; border-radius: 8px; background: #4f46e5; color: #fff; cursor: pointer; }
button:disabled { opacity: .6; cursor: default; }
.details { color: #444; font-size: .95rem; }
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
<main>
<h1>Confirm your email</h1>
<p id="question"></p>
<p id="details" class="details"></p>
<button id="approve" type="button" hidden>Approve</button>
<p id="status" role="status">${MESSAGES.checking}</p>
</main>
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
