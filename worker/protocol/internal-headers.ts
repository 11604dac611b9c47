/**
 * Headers the Worker sets on requests it forwards to a Durable Object, after it has checked the
 * visitor token or the staff session. Clients never reach a Durable Object directly, so the
 * objects trust these headers and nothing else.
 */

/** The visitor a conversation socket belongs to. */
export const VISITOR_HEADER = "x-frontdesk-visitor";
/** `visitor` or `staff`: who opens a conversation socket. */
export const ROLE_HEADER = "x-frontdesk-role";
/** The staff member opening a conversation socket or an inbox socket. */
export const STAFF_ID_HEADER = "x-frontdesk-staff-id";
/** URI-encoded, since names may hold any character and header values may not. */
export const STAFF_NAME_HEADER = "x-frontdesk-staff-name";
/** The hash of the staff session that opened a conversation socket; the object re-checks it on every staff message. */
export const STAFF_SESSION_HEADER = "x-frontdesk-staff-session";
/** `<nonce>.<expiresAtSeconds>` of the socket ticket a visitor socket was opened with; the object accepts each once. */
export const SOCKET_TICKET_HEADER = "x-frontdesk-socket-ticket";
