import type { FeatureStrings } from './keys';

const esMX: FeatureStrings = {
  CallbackChannelName: 'Devolución de llamada',
  VoicemailChannelName: 'Correo de voz',
  CallbackHeading: 'Solicitud de devolución de llamada',
  CallbackDescription: 'Un contacto solicitó que le devuelvan la llamada de inmediato.',
  VoicemailHeading: 'Correo de voz del contacto',
  VoicemailDescription: 'Un contacto dejó un mensaje de voz que requiere atención.',
  CBVMRecordingHeading: 'Grabación del mensaje de voz',
  CBVMRecordingLoading: 'Cargando el mensaje de voz...',
  CBVMRecordingError: 'Error al cargar el mensaje de voz.',
  CBVMRecordingTryAgain: 'Intentar de nuevo',
  CBVMRecordingDeleted: 'La grabación de este mensaje de voz fue eliminada.',
  CBVMTranscriptHeading: 'Transcripción del mensaje de voz',
  CBVMContactPhoneHeading: 'Teléfono de contacto',
  CBVMReceptionTimeHeading: 'Hora de recepción de la llamada',
  CBVMSystemTime: 'Hora del sistema: {{time}}',
  CBVMAttempt: 'Intento de devolución de llamada {{attempt}} de {{max}}',
  CBVMPlaceCall: 'Llamar ahora al {{number}}',
  CBVMRetryLater: 'Reintentar más tarde',
  CBVMMissingCallbackData: 'Esta tarea no tiene datos de devolución de llamada, así que no hay un número al cual llamar.',
  CBVMWorkerOffline: 'Estás desconectado. Cambia tu actividad para hacer la llamada.',
  CBVMCallFailedNotification: 'No se pudo llamar a {{customer}}, inténtalo de nuevo',
  CBVMOutboundDisabledNotification: 'Las llamadas salientes no están habilitadas; avisa a un administrador del sistema',
  CBVMInvalidNumberNotification: 'No se puede llamar al número {{number}}: debe incluir su código de país, por ejemplo +14155550100',
  CBVMRequeueFailedNotification: 'No se pudo reprogramar la devolución de llamada: {{message}}',
};

export default esMX;
