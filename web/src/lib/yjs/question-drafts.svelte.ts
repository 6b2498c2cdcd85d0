import * as Y from 'yjs';
import type { QuestionKind, QuestionReveal, QuestionScope, Reference } from '@pnyx/shared';
import {
  addOption,
  idOf,
  optionLabel,
  optionList,
  questionComparesWith,
  questionKind,
  questionList,
  questionMaxChoices,
  questionReference,
  questionReveal,
  questionScope,
  type OptionMap,
  type QuestionMap,
} from '@pnyx/shared/session-doc';

export interface OptionDraft {
  id: string;
  option: OptionMap;
}

/** A question as it stands in the document; its texts are edited through their Y.Text, not copied here. */
export interface QuestionDraft {
  id: string;
  question: QuestionMap;
  options: OptionDraft[];
  /** When the projector shows the counts: as they come in, or once voting closed. */
  reveal: QuestionReveal;
  kind: QuestionKind;
  scope: QuestionScope;
  maxChoices: number;
  /** The earlier question this one asks again, for before/after. */
  comparesWith: string | null;
  reference: Reference | null;
}

/**
 * The outline of the session document (which questions, which options, in which order, and their plain
 * fields: kind, scope, reveal, reference…) as reactive state.
 * Only the outline: keystrokes change Y.Texts that the fields observe directly, so typing does not
 * re-render the editor.
 */
export class QuestionDrafts {
  #list = $state.raw<QuestionDraft[]>([]);
  readonly #doc: Y.Doc;
  #outline = '';

  constructor(doc: Y.Doc) {
    this.#doc = doc;
  }

  get list(): QuestionDraft[] {
    return this.#list;
  }

  /** Follows the document; the returned function stops. */
  observe(): () => void {
    const questions = questionList(this.#doc);
    const refresh = () => this.#refresh(questions);
    questions.observeDeep(refresh);
    refresh();
    return () => questions.unobserveDeep(refresh);
  }

  #refresh(questions: Y.Array<QuestionMap>): void {
    const list: QuestionDraft[] = [];
    for (const question of questions.toArray()) {
      const id = idOf(question);
      const options = question.get('options');
      // Skip what another client wrote in a shape this version does not know, rather than crash on it.
      if (id === undefined || !(question.get('text') instanceof Y.Text) || !(options instanceof Y.Array)) continue;
      const optionDrafts: OptionDraft[] = [];
      for (const option of optionList(question).toArray()) {
        const optionId = idOf(option);
        if (optionId !== undefined && option.get('label') instanceof Y.Text) optionDrafts.push({ id: optionId, option });
      }
      list.push({
        id,
        question,
        options: optionDrafts,
        reveal: questionReveal(question),
        kind: questionKind(question),
        scope: questionScope(question),
        maxChoices: questionMaxChoices(question),
        comparesWith: questionComparesWith(question),
        reference: questionReference(question),
      });
    }
    const outline = JSON.stringify(
      list.map(({ id, options, reveal, kind, scope, maxChoices, comparesWith, reference }) => [
        id,
        options.map((option) => option.id),
        reveal,
        kind,
        scope,
        maxChoices,
        comparesWith,
        reference,
      ]),
    );
    if (outline === this.#outline) return;
    this.#outline = outline;
    this.#list = list;
  }
}

/**
 * Gives a question exactly these option labels, in order (a scale preset): existing options keep their ids
 * and take the new labels, missing ones are added with ids from `newId`, extra ones removed. One transaction,
 * so a co-moderator sees the preset arrive whole.
 */
export function setOptionLabels(draft: QuestionDraft, labels: readonly string[], newId: () => string): void {
  const doc = draft.question.doc;
  const apply = () => {
    const options = optionList(draft.question);
    if (options.length > labels.length) options.delete(labels.length, options.length - labels.length);
    labels.forEach((label, index) => {
      const option = options.get(index);
      if (option === undefined) {
        addOption(draft.question, newId(), label);
        return;
      }
      const text = optionLabel(option);
      text.delete(0, text.length);
      text.insert(0, label);
    });
  };
  if (doc) doc.transact(apply);
  else apply();
}
