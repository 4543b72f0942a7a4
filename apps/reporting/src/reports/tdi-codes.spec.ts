import {
  AGE_AT_TREATMENT_ENTRY,
  PRIMARY_DRUG,
  SEX,
  SINERGI_VALUES,
  SOURCE_OF_REFERRAL,
  TDI_ITEMS,
  TREATMENT_CENTRE_TYPE,
  tdiCode,
  tdiLabel,
} from './tdi-codes.js';

const NOT_KNOWN = { numbered: '99', named: 'Not known / missing', sinergi: 'unknown' } as const;

describe('the TDI 3.0 mapping', () => {
  it.each(Object.entries(TDI_ITEMS))(
    'maps every Sinergi value of %s, and unknown, to a code of its item',
    (dimension, item) => {
      const codes = item.values.map((v) => v.code);
      expect(new Set(codes).size).toBe(codes.length);
      const values = [...SINERGI_VALUES[dimension as keyof typeof TDI_ITEMS], 'unknown'];
      // Each value is named in the mapping itself, not left to the fallback.
      expect(values.filter((value) => !Object.hasOwn(item.map, value))).toEqual([]);
      expect(Object.keys(item.map).sort()).toEqual([...values].sort());
      for (const value of values) expect(codes).toContain(tdiCode(item, value));
      expect(tdiCode(item, 'unknown')).toBe(NOT_KNOWN[item.codes]);
      expect(item.fallback).toBe(NOT_KNOWN[item.codes]);
    },
  );

  it('puts each primary drug under its TDI code', () => {
    expect(
      Object.fromEntries(
        SINERGI_VALUES.substance.map((s) => [
          s,
          [tdiCode(PRIMARY_DRUG, s), tdiLabel(PRIMARY_DRUG, tdiCode(PRIMARY_DRUG, s))],
        ]),
      ),
    ).toEqual({
      methamphetamine: ['3.2', 'methamphetamines'],
      mdma: ['3.3', 'MDMA and derivates'],
      cannabis: ['7.1', 'herbal cannabis or resin'],
      heroin: ['1.1', 'heroin'],
      cocaine: ['2', 'cocaine (total)'],
      synthetic_cannabinoid: ['7.2', 'synthetic cannabinoids'],
      other: ['9', 'other substances'],
    });
  });

  it('counts self-referrals, family and IPWL together, and the TAT and courts as criminal justice', () => {
    expect(SINERGI_VALUES.source.map((s) => tdiCode(SOURCE_OF_REFERRAL, s))).toEqual(['6', '6', '6', '1', '1']);
    expect(tdiLabel(SOURCE_OF_REFERRAL, '1')).toBe('court / probation / police');
  });

  it('names sex, centre type and age group as TDI does, and puts 60+ under not known (TDI splits it at 65)', () => {
    expect(SINERGI_VALUES.sex.map((s) => tdiCode(SEX, s))).toEqual(['Males', 'Females']);
    expect(SINERGI_VALUES.program.map((p) => tdiCode(TREATMENT_CENTRE_TYPE, p))).toEqual([
      'Outpatient treatment centres',
      'Inpatient treatment centres',
    ]);
    expect(tdiCode(AGE_AT_TREATMENT_ENTRY, '0-14')).toBe('<15');
    expect(tdiCode(AGE_AT_TREATMENT_ENTRY, '25-29')).toBe('25-29');
    expect(tdiCode(AGE_AT_TREATMENT_ENTRY, '60+')).toBe('Not known / missing');
  });

  it('sends a value the mapping does not know to not known rather than to a wrong code', () => {
    expect(tdiCode(PRIMARY_DRUG, 'ketamine')).toBe('99');
    expect(tdiCode(PRIMARY_DRUG, 'constructor')).toBe('99');
  });
});
