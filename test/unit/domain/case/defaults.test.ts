import {
  DEFAULT_AGENCIES,
  DEFAULT_CATEGORIES,
  DEFAULT_ROUTING_RULES,
} from '../../../../src/domain/case/defaults';
import { type RoutingRule, routeCase } from '../../../../src/domain/case/routing';
import { fold } from '../../../../src/domain/text/normalize';

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('default agencies', () => {
  it('are the six bodies of a commune under the two-level model', () => {
    expect(DEFAULT_AGENCIES.map((agency) => agency.name)).toEqual([
      'Văn phòng HĐND và UBND',
      'Phòng Kinh tế',
      'Phòng Văn hóa – Xã hội',
      'Trung tâm Phục vụ hành chính công',
      'Công an xã',
      'Ban Chỉ huy quân sự xã',
    ]);
  });

  it('have unique kebab-case codes and folded aliases', () => {
    const codes = DEFAULT_AGENCIES.map((agency) => agency.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const agency of DEFAULT_AGENCIES) {
      expect(agency.code).toMatch(kebab);
      for (const alias of agency.aliases) expect(fold(alias)).toBe(alias);
    }
  });
});

describe('default categories', () => {
  it('cover the fields residents report', () => {
    const codes = DEFAULT_CATEGORIES.map((category) => category.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'duong-giao-thong',
        've-sinh-moi-truong',
        'dat-dai',
        'trat-tu-xay-dung',
        'thu-tuc-hanh-chinh',
        'phong-chong-thien-tai',
        'an-ninh-trat-tu',
        'dien-chieu-sang',
        'nuoc-ngap-ung',
        'chinh-sach-xa-hoi',
        'khac',
      ]),
    );
    expect(codes.at(-1)).toBe('khac');
  });

  it('have unique kebab-case codes and Vietnamese names with diacritics, in NFC', () => {
    const codes = DEFAULT_CATEGORIES.map((category) => category.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const category of DEFAULT_CATEGORIES) {
      expect(category.code).toMatch(kebab);
      expect(category.name.normalize('NFC')).toBe(category.name);
      expect(fold(category.name)).not.toBe(category.name.toLowerCase());
    }
  });

  it('route to an existing agency within 3 to 10 working days', () => {
    const agencyCodes: readonly string[] = DEFAULT_AGENCIES.map((agency) => agency.code);
    for (const category of DEFAULT_CATEGORIES) {
      expect(agencyCodes).toContain(category.defaultAgencyCode);
      expect(Number.isInteger(category.deadlineWorkingDays)).toBe(true);
      expect(category.deadlineWorkingDays).toBeGreaterThanOrEqual(3);
      expect(category.deadlineWorkingDays).toBeLessThanOrEqual(10);
    }
  });

  it('require evidence except where the result is an answer', () => {
    const byCode = new Map(DEFAULT_CATEGORIES.map((category) => [category.code as string, category]));
    expect(byCode.get('thu-tuc-hanh-chinh')?.requiresEvidence).toBe(false);
    expect(byCode.get('duong-giao-thong')?.requiresEvidence).toBe(true);
    expect(byCode.get('ve-sinh-moi-truong')?.requiresEvidence).toBe(true);
  });
});

describe('default routing rules', () => {
  it('join every category to its default agency, and route once given ids', () => {
    expect(DEFAULT_ROUTING_RULES).toHaveLength(DEFAULT_CATEGORIES.length);
    const rules: RoutingRule[] = DEFAULT_ROUTING_RULES.map((rule) => ({
      categoryId: rule.categoryCode,
      areaId: rule.areaCode,
      agencyId: rule.agencyCode,
      deadlineWorkingDays: rule.deadlineWorkingDays,
    }));
    for (const category of DEFAULT_CATEGORIES) {
      expect(routeCase(rules, category.code, 'tieu-khu-6')).toMatchObject({
        agencyId: category.defaultAgencyCode,
        deadlineWorkingDays: category.deadlineWorkingDays,
        matchedBy: 'category',
      });
    }
    expect(routeCase(rules, 'an-ninh-trat-tu', null)?.agencyId).toBe('cong-an');
    expect(routeCase(rules, 'thu-tuc-hanh-chinh', null)?.agencyId).toBe('hanh-chinh-cong');
  });
});
