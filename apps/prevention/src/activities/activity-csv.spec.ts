import { parseCsv, readActivityCsv } from '@sinergi/contracts';

const HEADER = 'regionCode,kind,segment,channel,on,participants,reach';

describe('CSV parsing', () => {
  it('numbers records by their file line, header = 1, skipping blank lines', () => {
    expect(parseCsv('a,b\n1,2\n\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reads quotes, escaped quotes, CRLF and line breaks inside quotes', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\r\n"multi\nline",3\r\n4,5')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', '2'] },
      { line: 3, fields: ['multi\nline', '3'] },
      { line: 5, fields: ['4', '5'] },
    ]);
  });

  it('stops after as many records as it is asked for', () => {
    expect(parseCsv('a\nb\nc\nd\n', 2)).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
    ]);
  });

  it('keeps empty trailing fields and drops a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\n1,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', ''] },
    ]);
  });
});

describe('activity CSV', () => {
  it('reads good rows into activities', () => {
    const { rows, problems } = readActivityCsv(
      `${HEADER}\n31.72.01.1001,socialization,students,in_person,2024-03-01,120,\n31.72,campaign,community,digital,2024-04-01,0,591349\n`,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        activity: {
          regionCode: '31.72.01.1001',
          kind: 'socialization',
          segment: 'students',
          channel: 'in_person',
          on: '2024-03-01',
          participants: 120,
        },
      },
      {
        line: 3,
        activity: {
          regionCode: '31.72',
          kind: 'campaign',
          segment: 'community',
          channel: 'digital',
          on: '2024-04-01',
          participants: 0,
          reach: 591349,
        },
      },
    ]);
  });

  it('reports every bad line with the field and reason', () => {
    const { problems } = readActivityCsv(
      [
        HEADER,
        '31.72,workshop,media,in_person,2024-03-01,10,',
        '31.72,dance,media,in_person,2024-03-01,10,',
        '31.72,workshop,media,in_person,2024-03-01,-4,',
        '31.72,workshop,media,in_person,2024-03-01,0,300',
        '31.72,workshop,media,in_person,2024-03-01,ten,',
        '31.72,workshop,media',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'kind'],
      [4, 'participants'],
      [5, 'reach'],
      [6, 'participants'],
      [7, '(row)'],
    ]);
  });

  it('refuses a file with a wrong header, no rows, or too many rows', () => {
    expect(readActivityCsv('regionCode,kind\n31,workshop').problems).toEqual([
      expect.objectContaining({ line: 1, path: '(header)' }),
    ]);
    expect(readActivityCsv(`${HEADER},colour\n`).problems[0]?.message).toMatch(/unknown column\(s\) colour/);
    expect(readActivityCsv(`${HEADER}\n`).problems).toEqual([expect.objectContaining({ path: '(file)' })]);
    expect(readActivityCsv('').problems).toEqual([expect.objectContaining({ line: 1 })]);
    const row = '31.72,workshop,media,in_person,2024-03-01,10,';
    expect(readActivityCsv(`${HEADER}\n${row}\n${row}\n${row}`, 2).problems).toEqual([
      { line: 4, path: '(file)', message: 'a file holds at most 2 rows' },
    ]);
    // A file of far more lines than rows allowed is refused at the first line past the limit.
    expect(readActivityCsv(`${HEADER}\n${`${row}\n`.repeat(1000)}`, 2).problems).toEqual([
      { line: 4, path: '(file)', message: 'a file holds at most 2 rows' },
    ]);
  });

  it('lets the reach column be left out', () => {
    const { rows, problems } = readActivityCsv(
      'kind,regionCode,segment,channel,on,participants\nworkshop,16.73,customary,in_person,2022-05-01,60',
    );
    expect(problems).toEqual([]);
    expect(rows[0]?.activity).toMatchObject({ regionCode: '16.73', kind: 'workshop', participants: 60 });
  });
});
