/**
 * The agent's accent color: validation (it reaches a style, so only #rgb / #rrggbb pass) and
 * the text color that stays readable on it. Shared by the loader and the panel.
 */

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const SHORT_HEX_LENGTH = 4; // "#rgb"
const LIGHT_LUMINANCE = 0.5; // above this (0..1, perceived) dark text reads better than white
// ITU-R BT.601 weights: how bright each channel looks to the eye.
const RED_WEIGHT = 0.299;
const GREEN_WEIGHT = 0.587;
const BLUE_WEIGHT = 0.114;
const CHANNEL_MAX = 255;
export const DARK_TEXT = "#111827";
export const LIGHT_TEXT = "#ffffff";

/** The color itself when it is a plain hex color, otherwise null. */
export const validAccent = (value: unknown): string | null =>
  typeof value === "string" && HEX_COLOR.test(value) ? value : null;

/** Black-ish or white text, whichever reads better on `hex` (assumed valid). */
export function textOn(hex: string): string {
  const full = hex.length === SHORT_HEX_LENGTH ? hex.replace(/[0-9a-f]/gi, (d) => d + d) : hex;
  const channel = (i: number): number => parseInt(full.slice(1 + 2 * i, 3 + 2 * i), 16) / CHANNEL_MAX;
  const luminance = RED_WEIGHT * channel(0) + GREEN_WEIGHT * channel(1) + BLUE_WEIGHT * channel(2);
  return luminance > LIGHT_LUMINANCE ? DARK_TEXT : LIGHT_TEXT;
}
