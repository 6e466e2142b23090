import { type RoutingRule, routeCase } from '../../../../src/domain/case/routing';

const roads = 1;
const land = 2;
const sanitation = 3;
const subArea6 = 60;
const subArea7 = 70;
const economic = 100;
const militaryCommand = 200;
const office = 300;

const rules: RoutingRule[] = [
  { categoryId: roads, areaId: null, agencyId: economic, deadlineWorkingDays: 7 },
  { categoryId: roads, areaId: subArea6, agencyId: militaryCommand, deadlineWorkingDays: 3 },
  { categoryId: land, areaId: null, agencyId: economic, deadlineWorkingDays: 10 },
  { categoryId: sanitation, areaId: subArea7, agencyId: office, deadlineWorkingDays: 5 },
];

describe('routeCase', () => {
  it('prefers the category + area rule over the category rule', () => {
    expect(routeCase(rules, roads, subArea6)).toMatchObject({
      agencyId: militaryCommand,
      deadlineWorkingDays: 3,
      matchedBy: 'category_area',
    });
  });

  it('falls back to the category rule for another area or no area', () => {
    expect(routeCase(rules, roads, subArea7)).toMatchObject({
      agencyId: economic,
      deadlineWorkingDays: 7,
      matchedBy: 'category',
    });
    expect(routeCase(rules, roads, null)).toMatchObject({ agencyId: economic, matchedBy: 'category' });
  });

  it('does not depend on the order of the rules', () => {
    const reversed = [...rules].reverse();
    expect(routeCase(reversed, roads, subArea6)?.agencyId).toBe(militaryCommand);
    expect(routeCase(reversed, roads, null)?.agencyId).toBe(economic);
  });

  it('returns null when no rule applies, so the reception officer decides', () => {
    expect(routeCase(rules, 99, null)).toBeNull();
    expect(routeCase(rules, sanitation, null)).toBeNull();
    expect(routeCase(rules, sanitation, subArea6)).toBeNull();
    expect(routeCase(rules, null, subArea6)).toBeNull();
    expect(routeCase([], roads, null)).toBeNull();
  });

  it('uses an area rule even without a category-wide rule', () => {
    expect(routeCase(rules, sanitation, subArea7)).toMatchObject({
      agencyId: office,
      matchedBy: 'category_area',
    });
  });

  it('returns the rule it used', () => {
    expect(routeCase(rules, land, null)?.rule).toBe(rules[2]);
  });
});
