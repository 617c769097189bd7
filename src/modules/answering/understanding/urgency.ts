/**
 * Callers in danger or in a rage go to a person at once, before any answer is looked up. The seed's
 * example: a citizen refused a work-injury decision "扬言要去上访,不给她认定就要跳楼". Words are kept
 * strict (a caller asking about 工亡/死亡待遇 is not in danger), and every match is flagged urgent so a
 * team lead sees it on the live view.
 */
export type Urgency = { reason: 'self_harm' | 'violence' | 'anger'; matched: string };

const SELF_HARM = ['跳楼', '自杀', '轻生', '寻死', '不想活', '活不下去', '活不成了', '不活了', '去死', '死给你们看', '死给你看', '喝农药', '喝药', '割腕', '上吊', '跳河', '跳江', '一死了之', '了结自己'];
const VIOLENCE = ['同归于尽', '杀了他', '杀了你', '砍死', '弄死他', '捅死', '报复社会', '炸了', '放火', '拼命', '跟他拼了', '跟你们拼了'];
const ANGER = ['上访', '去北京告', '找媒体', '曝光你们', '投诉你们', '你们这帮', '什么破', '垃圾政府', '狗屁', '操你', '混蛋', '王八蛋', '你们是骗子', '你们就是骗子', '都是骗子', '气死我了', '忍无可忍', '真他妈', '太他妈'];
/**
 * 妈的 as a curse, not as "mother's" ("我妈的养老金停了", "这张卡是我妈的", "他妈的养老金停了" are about
 * her): 妈的 opening a sentence ("妈的,工资又没发"); 他妈的/你妈的 opening one before a pause or an
 * adverb or a question word ("他妈的又不发钱", "他妈的凭什么"), not before the thing of hers it names;
 * 他妈的/你妈的 anywhere before a pause.
 */
const CURSE = /(?:^|[,。!?！？，\s])(?:妈的|(?:他|你)妈的(?=[又还就都太真也才不没怎凭什啥咋到究,。!?！？，\s]|$))|(?:他|你)妈的(?=[,。!?！？，\s]|$)/;

/**
 * Whether someone's suicide counts as a work injury is a question of the rules (工伤保险条例 第十六条:
 * 自残或者自杀的 不得认定为工伤), not a threat: "工人自杀能算工伤不". A threat says what the caller will do.
 */
const ASKS_IF_IT_COUNTS = /^.{0,3}(?:算|属于|认定|视同|按|能算|能认定|可以算)(?:不算)?(?:工伤|工亡|因工死亡|视同工伤)/;

export function detectUrgency(normalizedText: string): Urgency | undefined {
  for (const [reason, words] of [['self_harm', SELF_HARM], ['violence', VIOLENCE], ['anger', ANGER]] as const) {
    // Every place a word is said counts: "自杀算不算工伤,不给认定我就自杀" asks and then threatens.
    const matched = words.find((w) => {
      for (let at = normalizedText.indexOf(w); at >= 0; at = normalizedText.indexOf(w, at + 1)) {
        if (reason !== 'self_harm' || !ASKS_IF_IT_COUNTS.test(normalizedText.slice(at + w.length))) return true;
      }
      return false;
    });
    if (matched) return { reason, matched };
  }
  const curse = CURSE.exec(normalizedText);
  if (curse) return { reason: 'anger', matched: curse[0] };
  return undefined;
}
