import { triage, type CaseType } from '../conversation/triage';
import { rankTopics, type TopicOption } from '../conversation/topics';
import { DESCRIPTION_MAX_CHARS } from '../conversation/turn';
import { cleanText, truncate } from '../text/normalize';

/**
 * What becomes of the text staff split off a mixed message (Law 42/2013 Art. 25: a complaint or denunciation and
 * ordinary feedback in one message are handled apart): a case of its own, triaged from its own words as a
 * resident's first message is (triage.ts for the type, topics.ts for the category suggestion), so it is routed by
 * its own type. The reporter, the consent given and the residential group are the original's; the exact address
 * and the pin are not copied (they were given for the original, and may point at someone's door).
 */

export interface SplitPart {
  readonly description: string;
  readonly caseType: CaseType;
  readonly triageSignals: string[];
  /** The likeliest of the commune's categories for the text, or null when it names none. */
  readonly categoryId: TopicOption['id'] | null;
}

export function splitPart(text: string, categories: readonly TopicOption[]): SplitPart {
  const description = truncate(cleanText(text), DESCRIPTION_MAX_CHARS);
  const triaged = triage(description);
  const [best] = rankTopics(description, categories);
  return {
    description,
    caseType: triaged.caseType,
    triageSignals: triaged.signals,
    categoryId: best?.id ?? null,
  };
}
