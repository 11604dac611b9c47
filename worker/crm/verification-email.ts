/** The verification email's words: a short plain-text and HTML message in the agent's name. */

export type VerificationEmail = { subject: string; text: string; html: string };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);

export function verificationEmail(input: { agentName: string; link: string; minutes: number }): VerificationEmail {
  const expiry = `The link expires in ${input.minutes} minutes and works once.`;
  const ignore = "If you did not ask for this, ignore this email: nothing changes.";
  const name = escapeHtml(input.agentName);
  const link = escapeHtml(input.link);
  return {
    subject: `Confirm your email for ${input.agentName}`,
    text: `Hi,\n\nOpen this link to confirm it's you in your chat with ${input.agentName}:\n\n${input.link}\n\n${expiry}\n${ignore}\n`,
    html: [
      '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
      `<p>Hi,</p><p>Open this link to confirm it's you in your chat with ${name}:</p>`,
      `<p><a href="${link}">Confirm my email</a></p>`,
      `<p style="color:#555">${expiry}<br>${ignore}</p>`,
      "</body></html>",
    ].join(""),
  };
}
