// Retry by outcome in the panel: each earlier attempt's outcome
// (callBackData.outcomes), and, while the agent holds the callback and this
// attempt has no outcome yet, a one-click disposition (Reached / No answer /
// Busy / Wrong number) that feeds the same policy as the detected outcomes.
import React from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Text } from '@twilio-paste/core/text';

import type { CallbackOutcomeSignal } from '../../services/CallbackService';

export interface CallOutcomesTask {
  sid: string;
  taskSid: string;
  taskStatus?: string;
  attributes?: unknown;
}

export interface CallOutcomesProps {
  task: CallOutcomesTask;
  /** Records the disposition; absent: no buttons. */
  recordOutcome?: (task: CallOutcomesTask, signal: CallbackOutcomeSignal) => Promise<unknown>;
  /** Administrators' rewordings (manager.strings), by key. */
  strings?: Record<string, string | undefined>;
  locale?: string;
  disabled?: boolean;
}

interface OutcomeEntry {
  attempt: number;
  result: string;
  at?: string;
  waitMinutes?: number;
}

const DISPOSITIONS = ['reached', 'no-answer', 'busy', 'wrong-number'] as const;

type Words = Record<string, string>;
// Keys: the outcome names, plus heading, disposition and the retry note ({{minutes}}).
const WORDS: Record<string, Words> = {
  en: { heading: 'Call back outcomes', disposition: 'How did this call back end?', reached: 'Reached', 'no-answer': 'No answer', busy: 'Busy', failed: 'Failed', machine: 'Voicemail reached', 'wrong-number': 'Wrong number', retry: 'tried again after {{minutes}} min', attempt: 'Attempt {{attempt}}' },
  es: { heading: 'Resultados de la devolución de llamada', disposition: '¿Cómo terminó esta llamada?', reached: 'Contactado', 'no-answer': 'Sin respuesta', busy: 'Ocupado', failed: 'Fallida', machine: 'Buzón de voz', 'wrong-number': 'Número equivocado', retry: 'se reintenta en {{minutes}} min', attempt: 'Intento {{attempt}}' },
  pt: { heading: 'Resultados do retorno', disposition: 'Como terminou esta chamada?', reached: 'Atendida', 'no-answer': 'Sem resposta', busy: 'Ocupado', failed: 'Falhou', machine: 'Caixa postal', 'wrong-number': 'Número errado', retry: 'nova tentativa em {{minutes}} min', attempt: 'Tentativa {{attempt}}' },
  th: { heading: 'ผลการโทรกลับ', disposition: 'การโทรกลับครั้งนี้จบอย่างไร', reached: 'ติดต่อได้', 'no-answer': 'ไม่มีผู้รับสาย', busy: 'สายไม่ว่าง', failed: 'โทรไม่สำเร็จ', machine: 'ติดฝากข้อความ', 'wrong-number': 'หมายเลขผิด', retry: 'ลองใหม่ใน {{minutes}} นาที', attempt: 'ครั้งที่ {{attempt}}' },
  zh: { heading: '回拨结果', disposition: '这次回拨的结果如何？', reached: '已接通', 'no-answer': '无人接听', busy: '占线', failed: '呼叫失败', machine: '转入语音信箱', 'wrong-number': '号码错误', retry: '{{minutes}} 分钟后重试', attempt: '第 {{attempt}} 次' },
};

// Keys administrators can reword through manager.strings.
const stringKey = (word: string) => `CBVMOutcome_${word}`;

function outcomesOf(attributes: unknown): { attempts: number; outcomes: OutcomeEntry[] } {
  const data = (attributes as { callBackData?: { attempts?: unknown; outcomes?: unknown } } | undefined)?.callBackData;
  const attempts = typeof data?.attempts === 'number' ? data.attempts : Number(data?.attempts) || 0;
  const list = Array.isArray(data?.outcomes) ? data.outcomes : [];
  const outcomes = list.filter(
    (e): e is OutcomeEntry => !!e && typeof e === 'object' && typeof (e as OutcomeEntry).attempt === 'number' && typeof (e as OutcomeEntry).result === 'string',
  );
  return { attempts, outcomes };
}

export function CallOutcomes({ task, recordOutcome, strings = {}, locale = 'en-US', disabled = false }: CallOutcomesProps) {
  const words = WORDS[locale.slice(0, 2)] ?? WORDS.en;
  const say = (word: string, values: Record<string, string | number> = {}) =>
    (strings[stringKey(word)] ?? words[word] ?? WORDS.en[word] ?? word).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
  const { attempts, outcomes } = outcomesOf(task.attributes);
  const thisAttempt = attempts + 1;
  const decided = outcomes.some((o) => o.attempt === thisAttempt);
  const offer = Boolean(recordOutcome) && task.taskStatus === 'assigned' && !decided;
  if (outcomes.length === 0 && !offer) return null;

  return (
    <Box element="CBVM_OUTCOMES" marginBottom="space50" data-testid="cbvm-outcomes">
      {outcomes.length > 0 && (
        <Box as="ul" margin="space0" padding="space0" marginBottom="space30">
          {outcomes.map((o) => (
            <Text as="li" key={`${o.attempt}-${o.result}`} data-testid="cbvm-outcome" listStyleType="none">
              {say('attempt', { attempt: o.attempt })}: {say(o.result)}
              {typeof o.waitMinutes === 'number' ? ` (${say('retry', { minutes: o.waitMinutes })})` : ''}
            </Text>
          ))}
        </Box>
      )}
      {offer && (
        <Box>
          <Text as="p" fontWeight="fontWeightSemibold" marginBottom="space20">
            {say('disposition')}
          </Text>
          <Box display="flex" flexWrap="wrap" columnGap="space20" rowGap="space20">
            {DISPOSITIONS.map((outcome) => (
              <Button
                key={outcome}
                variant="secondary"
                size="small"
                disabled={disabled}
                data-testid={`cbvm-disposition-${outcome}`}
                onClick={() => void recordOutcome?.(task, { outcome })}
              >
                {say(outcome)}
              </Button>
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}
