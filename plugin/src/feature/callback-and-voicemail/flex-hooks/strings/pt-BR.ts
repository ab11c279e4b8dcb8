import type { FeatureStrings } from './keys';

const ptBR: FeatureStrings = {
  CallbackChannelName: 'Retorno de chamada',
  VoicemailChannelName: 'Correio de voz',
  CallbackHeading: 'Solicitação de retorno de chamada',
  CallbackDescription: 'Um contato solicitou um retorno de chamada imediato.',
  VoicemailHeading: 'Correio de voz do contato',
  VoicemailDescription: 'Um contato deixou uma mensagem de voz que requer atenção.',
  CBVMRecordingHeading: 'Gravação da mensagem de voz',
  CBVMRecordingLoading: 'Carregando a mensagem de voz...',
  CBVMRecordingError: 'Erro ao carregar a mensagem de voz.',
  CBVMRecordingTryAgain: 'Tentar novamente',
  CBVMRecordingDeleted: 'A gravação desta mensagem de voz foi excluída.',
  CBVMTranscriptHeading: 'Transcrição da mensagem de voz',
  CBVMContactPhoneHeading: 'Telefone do contato',
  CBVMReceptionTimeHeading: 'Horário de recebimento da chamada',
  CBVMSystemTime: 'Horário do sistema: {{time}}',
  CBVMAttempt: 'Tentativa de retorno {{attempt}} de {{max}}',
  CBVMPlaceCall: 'Ligar agora para {{number}}',
  CBVMRetryLater: 'Tentar mais tarde',
  CBVMMissingCallbackData: 'Esta tarefa não tem dados de retorno de chamada, então não há um número para ligar.',
  CBVMWorkerOffline: 'Você está offline. Altere sua atividade para fazer a chamada.',
  CBVMCallFailedNotification: 'Falha ao ligar para {{customer}}, tente novamente',
  CBVMOutboundDisabledNotification: 'As chamadas de saída não estão habilitadas; avise um administrador do sistema',
  CBVMInvalidNumberNotification: 'Não é possível ligar para o número {{number}}: ele precisa do código do país, como +14155550100',
  CBVMRequeueFailedNotification: 'Não foi possível reagendar o retorno de chamada: {{message}}',
};

export default ptBR;
