/** Field types the providers' webhook and status schemas share. */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time' });

/** Text a provider may send as null or leave out. */
export const text = z.string().nullish();
