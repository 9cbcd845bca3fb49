import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../test/helpers/prometheus';
import { memoryCounter } from './memory-counter';
import { labelKey, labelsOfKey, renderMetrics } from './metrics';

describe('Prometheus exposition', () => {
  it('renders families with escaped help and label values, sorted label names', () => {
    const text = renderMetrics([
      {
        name: 'sitewire_x_total',
        help: 'Line one\nback\\slash',
        type: 'counter',
        samples: [{ labels: { z: '1', a: 'q"uote\\\nnl' }, value: 3 }],
      },
      {
        name: 'sitewire_g',
        help: 'A gauge.',
        type: 'gauge',
        samples: [
          { labels: {}, value: 1.5 },
          { labels: { k: 'v' }, value: Infinity },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP sitewire_x_total Line one\\nback\\\\slash',
        '# TYPE sitewire_x_total counter',
        'sitewire_x_total{a="q\\"uote\\\\\\nnl",z="1"} 3',
        '# HELP sitewire_g A gauge.',
        '# TYPE sitewire_g gauge',
        'sitewire_g 1.5',
        'sitewire_g{k="v"} +Inf',
        '',
      ].join('\n'),
    );
    const parsed = parseExposition(text);
    expect(parsed.get('sitewire_x_total')).toEqual({
      type: 'counter',
      help: 'Line one\nback\\slash',
      samples: [{ labels: { a: 'q"uote\\\nnl', z: '1' }, value: 3 }],
    });
  });

  it('merges families of the same name from different collectors', () => {
    const text = renderMetrics([
      { name: 'sitewire_d_total', help: 'first', type: 'counter', samples: [{ labels: { o: 'a' }, value: 1 }] },
      { name: 'sitewire_e', help: 'other', type: 'gauge', samples: [] },
      { name: 'sitewire_d_total', help: 'second', type: 'counter', samples: [{ labels: { o: 'b' }, value: 2 }] },
    ]);
    const parsed = parseExposition(text);
    expect(parsed.get('sitewire_d_total')?.help).toBe('first');
    expect(parsed.get('sitewire_d_total')?.samples).toHaveLength(2);
    expect(parsed.get('sitewire_e')?.samples).toEqual([]);
  });

  it('renders nothing for no families', () => {
    expect(renderMetrics([])).toBe('');
  });

  it('keys a label set independently of key order', () => {
    expect(labelKey({ b: '2', a: '1' })).toBe(labelKey({ a: '1', b: '2' }));
    expect(labelsOfKey(labelKey({ b: '2', a: '1' }))).toEqual({ a: '1', b: '2' });
  });

  it('counts in memory per label set', () => {
    const c = memoryCounter('sitewire_m_total', 'm');
    c.inc({ reason: 'x' });
    c.inc({ reason: 'x' }, 2);
    c.inc({ reason: 'y' });
    expect(c.collect().samples).toEqual([
      { labels: { reason: 'x' }, value: 3 },
      { labels: { reason: 'y' }, value: 1 },
    ]);
  });
});

describe('the test parser', () => {
  it('refuses what Prometheus refuses', () => {
    for (const bad of [
      'no_newline 1',
      'x{a="1} 1\n',
      'x{a="1",a="2"} 1\n',
      'x{1a="1"} 1\n',
      'x{a="\\q"} 1\n',
      'x one\n',
      '# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx 2\n',
      'x 1\nx 2\n',
      '# TYPE x bogus\n',
      'x 1\n# TYPE x counter\n',
    ]) {
      expect(() => parseExposition(bad), bad).toThrow();
    }
  });
});
