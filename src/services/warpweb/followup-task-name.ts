/** The due-row task of Warpweb follow-ups (checks.ts), by name, for wakes. */
export const FOLLOWUP_TASK = 'warpweb:followups';
