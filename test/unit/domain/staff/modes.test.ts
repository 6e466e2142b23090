import { modeSwitch, reportsAsResident, residentModeUntil } from '../../../../src/domain/staff/modes';

describe('switching a staff member between staff commands and reporting as a resident', () => {
  it.each(['/phananh', '/Phản ánh', '/phan-anh', ' / PHAN ANH '])('%s reports as a resident', (text) => {
    expect(modeSwitch(text)).toBe('resident');
  });
  it.each(['/canbo', '/Cán bộ', '/can-bo'])('%s goes back to staff mode', (text) => {
    expect(modeSwitch(text)).toBe('staff');
  });
  it.each(['phan anh', '/nhan LS-0427', '/phananh LS-1', '', '/'])('%s is no switch', (text) => {
    expect(modeSwitch(text)).toBeNull();
  });

  it('holds for the idle period after /phananh, then lapses by itself', () => {
    const at = new Date('2026-12-02T08:00:00Z');
    const until = residentModeUntil(at, 24);
    expect(until.toISOString()).toBe('2026-12-03T08:00:00.000Z');
    expect(reportsAsResident({ reportsAsResidentUntil: until }, new Date('2026-12-03T07:59:59Z'))).toBe(true);
    expect(reportsAsResident({ reportsAsResidentUntil: until }, until)).toBe(false);
    expect(reportsAsResident({ reportsAsResidentUntil: null }, at)).toBe(false);
  });
});
