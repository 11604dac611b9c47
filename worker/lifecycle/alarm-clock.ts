/**
 * A conversation object's alarm time as the object last set or read it: a visitor message moves the
 * inactivity alarm twice (as it is taken up and once it is answered), and each move asked storage for
 * the current alarm first. Every change of the alarm goes through here; the alarm handler forgets the
 * kept time as it starts (the runtime clears an alarm that fires), and so does an erase. Kept per
 * storage handle, so a restarted object reads it again.
 */
const known = new WeakMap<DurableObjectStorage, number | null>();

/** When the alarm is due (null: none set). */
export async function alarmTime(storage: DurableObjectStorage): Promise<number | null> {
  const kept = known.get(storage);
  if (kept !== undefined) return kept;
  const at = await storage.getAlarm();
  if (!known.has(storage)) known.set(storage, at); // a change made while it was read stands
  return at;
}

/** Sets the alarm for `at`; nothing to write when it is already set for then. */
export async function setAlarmTime(storage: DurableObjectStorage, at: number): Promise<void> {
  if (known.get(storage) === at) return;
  known.delete(storage); // unknown until the write has succeeded
  await storage.setAlarm(at);
  known.set(storage, at);
}

/** Sets the alarm for `at` unless it is already due then or sooner (whatever wakes the object first re-arms what is left). */
export async function alarmNoLaterThan(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await alarmTime(storage);
  if (current === null || current > at) await setAlarmTime(storage, at);
}

/** Removes the alarm. */
export async function deleteAlarmTime(storage: DurableObjectStorage): Promise<void> {
  known.delete(storage);
  await storage.deleteAlarm();
  known.set(storage, null);
}

/** The alarm fired (or storage changed under the object): the next question reads it from storage. */
export function forgetAlarmTime(storage: DurableObjectStorage): void {
  known.delete(storage);
}
