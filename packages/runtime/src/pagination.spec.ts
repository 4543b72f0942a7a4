import { decodeCursor, encodeCursor, toPage } from './pagination.js';

const id = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('keyset cursors', () => {
  it('reads back what it wrote', () => {
    const cursor = encodeCursor({ createdAt: new Date('2024-05-02T09:30:00.000Z'), id });
    expect(decodeCursor(cursor)).toEqual({ createdAt: '2024-05-02T09:30:00.000Z', id });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    // ["2024-01-01","x"]: valid base64url JSON whose id would fail the uuid cast in SQL.
    'WyIyMDI0LTAxLTAxIiwieCJd',
    Buffer.from(JSON.stringify(['2024-05-02T09:30:00.000Z', 'not-a-uuid'])).toString('base64url'),
    Buffer.from(JSON.stringify(['soon', id])).toString('base64url'),
    'x',
  ])('refuses %s as a validation error naming cursor', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({ errors: [{ path: 'cursor', message: 'is not a cursor this API gave out' }] }),
    );
  });

  it('ends a page with a cursor only when a row is left over', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(Date.UTC(2024, 0, n)), id }));
    const page = toPage(rows, 2, (row) => row.createdAt.toISOString());
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor ?? undefined)?.createdAt).toBe('2024-01-02T00:00:00.000Z');
    expect(toPage(rows, 3, (row) => row).nextCursor).toBeNull();
  });
});
