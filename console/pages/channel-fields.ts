/**
 * What the Channels page knows about each deployable channel: its name, the fields its connection
 * takes (which of them are secrets, write-only in the API), and the inbound URL or routing the
 * admin sets up on the platform so messages reach the deployment.
 */

export type ChannelType = "email" | "whatsapp" | "messenger" | "custom";

/** A deployment as the API lists it: secrets only by name (`secretsSet`, `secretsMissing`), never their values. */
export type Deployment = {
  id: string;
  agentId: string;
  channel: ChannelType;
  address: string;
  config: Record<string, string>;
  secretsSet: string[];
  secretsMissing: string[];
  removedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

export type FieldSpec = {
  name: string;
  label: string;
  /** Write-only: a password input, empty when shown again. */
  secret?: boolean;
  optional?: boolean;
  type?: "email" | "url";
  hint?: string;
};

export const CHANNEL_TYPES: readonly ChannelType[] = ["email", "whatsapp", "messenger", "custom"];

export const CHANNEL_NAMES: Record<ChannelType, string> = {
  email: "Email",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  custom: "Custom channel",
};

const meta = (addressLabel: string, addressHint: string): FieldSpec[] => [
  { name: "address", label: addressLabel, hint: addressHint },
  {
    name: "graphBaseUrl",
    label: "Graph API base URL",
    optional: true,
    type: "url",
    hint: "Optional. Empty: https://graph.facebook.com/v21.0",
  },
  { name: "accessToken", label: "Access token", secret: true },
  { name: "appSecret", label: "App secret", secret: true, hint: "Signs the webhook deliveries Meta sends." },
  {
    name: "verifyToken",
    label: "Verify token",
    secret: true,
    hint: "You choose it; Meta's webhook setup asks for it.",
  },
];

/** Each channel's connection fields, in the order the form shows them; `address` is fixed once deployed. */
export const CHANNEL_FIELDS: Record<ChannelType, FieldSpec[]> = {
  email: [
    {
      name: "address",
      label: "Inbound email address",
      type: "email",
      hint: "The address customers write to, routed to this Worker.",
    },
  ],
  whatsapp: meta("Phone number id", "Digits, as WhatsApp Manager shows it (not the phone number itself)."),
  messenger: meta("Page id", "Digits, as the Facebook page's settings show it."),
  custom: [
    {
      name: "address",
      label: "Channel id",
      optional: true,
      hint: "Optional. A lowercase slug such as my-app; empty: one is made up.",
    },
    { name: "deliveryUrl", label: "Delivery URL", type: "url", hint: "Where the agent's replies are POSTed, signed." },
    {
      name: "signingSecret",
      label: "Signing secret",
      secret: true,
      optional: true,
      hint: "Optional. Empty: one is generated and shown once.",
    },
  ],
};

/** Where the platform must send messages for this deployment: a URL to paste, or what to route. */
export function inboundOf(deployment: Deployment, origin: string): { url: string } | { text: string } {
  switch (deployment.channel) {
    case "whatsapp":
    case "messenger":
      return { url: `${origin}/v1/channels/${deployment.channel}/${encodeURIComponent(deployment.id)}/webhook` };
    case "custom":
      return { url: `${origin}/v1/channels/${encodeURIComponent(deployment.address)}/messages` };
    case "email":
      return { text: `Route ${deployment.address} to this Worker in Cloudflare Email Routing.` };
  }
}

/** The body of a deploy or change: the filled-in fields only (empty ones keep the stored value or the default). */
export function filledIn(values: Record<string, string>, specs: FieldSpec[]): Record<string, string> {
  const body: Record<string, string> = {};
  for (const spec of specs) {
    const value = values[spec.name]?.trim() ?? "";
    if (value !== "") body[spec.name] = value;
  }
  return body;
}
