/** Inbound mail from Cloudflare Email Routing (being built): refused until the email channel exists. */
export async function receiveEmail(message: ForwardableEmailMessage, _env: Env): Promise<void> {
  message.setReject("The email channel is not available yet");
}
