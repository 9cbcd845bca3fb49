/** A delivery row and its attempt log, as the deliveries store reads and writes them. */
export type DeliveryStatus = 'pending' | 'failed' | 'succeeded' | 'dead';

export interface AttemptRecord {
  attempt: number;
  at: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventSeq: number;
  eventId: string;
  eventType: string;
  subject: string;
  status: DeliveryStatus;
  attemptCount: number;
  /** Attempts since the delivery was (re)queued: the position in the retry schedule. */
  roundAttempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  attempts: AttemptRecord[];
  createdAt: number;
  updatedAt: number;
}

/** What an attempt changes on its row. */
export interface AttemptUpdate {
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  record: AttemptRecord;
}

export interface Row {
  id: string;
  subscription_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  subject: string;
  status: DeliveryStatus;
  attempt_count: number;
  round_attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  attempts: string;
  created_at: number;
  updated_at: number;
}

export const fromRow = (r: Row): Delivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventSeq: r.event_seq,
  eventId: r.event_id,
  eventType: r.event_type,
  subject: r.subject,
  status: r.status,
  attemptCount: r.attempt_count,
  roundAttempts: r.round_attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  attempts: JSON.parse(r.attempts) as AttemptRecord[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
