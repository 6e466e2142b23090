import { modeSwitch } from '../../../../src/domain/staff/modes';

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
});
