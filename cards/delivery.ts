import type { OutboundBody } from '../src/messages/outbound.js';
import { lines, markdown } from './common.js';

/** To the admins, once per burst of failures: messages could not be delivered, and where to look. */
export function deliveryFailed(first: { key: string; error: string }, giveUpAfterHours: number): OutboundBody {
  return markdown(
    lines(
      '**消息发送失败**',
      `有消息在 ${giveUpAfterHours} 小时内反复重试仍未送达，或被企业微信拒收，已停止重试。`,
      `首条：\`${first.key}\`（${first.error}）`,
      '请检查企业微信接口和群机器人，然后查看并重新发送：',
      '`npm run -s cli -- outbox --status failed`',
      '`npm run -s cli -- outbox --retry 编号`',
      '这段时间内的其他失败不再逐条提醒，/metrics 中 xmdd_delivery_total 计数。',
    ),
  );
}
