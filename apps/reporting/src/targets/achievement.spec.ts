import { achievementPct } from './achievement.js';

describe('achievement', () => {
  it('counts more as better where more is better', () => {
    expect(achievementPct(118, 100)).toBe(118);
    expect(achievementPct(173, 150)).toBe(115.3);
    expect(achievementPct(50, 100)).toBe(50);
    expect(achievementPct(5, 0)).toBeNull();
  });

  it('counts less as better where less is better: the target is a ceiling', () => {
    // A 6-day turnaround target: 4 days is better than the target, 9 days worse.
    expect(achievementPct(6, 6, 'lower')).toBe(100);
    expect(achievementPct(4, 6, 'lower')).toBe(133.3);
    expect(achievementPct(9, 6, 'lower')).toBe(50);
    expect(achievementPct(0, 6, 'lower')).toBe(200);
    expect(achievementPct(20, 6, 'lower')).toBe(0);
    // No overdue follow-up allowed: met only by none.
    expect(achievementPct(0, 0, 'lower')).toBe(100);
    expect(achievementPct(3, 0, 'lower')).toBe(0);
    expect(achievementPct(null, 6, 'lower')).toBeNull();
  });
});
