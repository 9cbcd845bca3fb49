/** The `sitewire.test` event a subscription test sends (docs/events.md#event-types): not stored, sequence 0. */
import { emptyData, serializeEvent } from '../../core/event';
import { newId } from '../../core/ids';

export function testEvent(subscriptionId: string, now: number): { id: string; json: string } {
  const id = newId('evt', now);
  const json = serializeEvent(
    {
      id,
      type: 'sitewire.test',
      subject: `sitewire/subscription/${subscriptionId}`,
      provider: 'sitewire',
      time: new Date(now).toISOString(),
      data: { ...emptyData('sitewire', 'relay'), message: 'A test delivery from sitewire.' },
    },
    0,
  );
  return { id, json };
}
