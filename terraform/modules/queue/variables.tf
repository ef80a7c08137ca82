variable "name" {
  type        = string
  description = "Queue name; the dead-letter queue is <name>-dlq."

  validation {
    condition     = can(regex("^[A-Za-z0-9-_]{1,76}$", var.name))
    error_message = "name must be 1-76 characters of letters, digits, - and _ (the DLQ appends -dlq)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for server-side encryption of both queues; null uses SQS-managed SSE. Producers then need kms:GenerateDataKey and consumers kms:Decrypt on it."
  default     = null
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout; at least six times the consumer function's timeout, as AWS recommends for Lambda event sources."
  default     = 180
}

variable "message_retention_seconds" {
  type        = number
  description = "How long the main queue keeps a message."
  default     = 345600
}

variable "receive_wait_time_seconds" {
  type        = number
  description = "Long-polling wait of ReceiveMessage."
  default     = 20
}

variable "max_receive_count" {
  type        = number
  description = "Receives before a message moves to the DLQ."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "dlq_retention_seconds" {
  type        = number
  description = "How long the DLQ keeps a message (the SQS maximum, 14 days, by default, to leave time to redrive)."
  default     = 1209600
}

variable "policy_statements" {
  type = list(object({
    sid                   = string
    actions               = list(string)
    principal_type        = string
    principal_identifiers = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "Allow statements added to the main queue's policy, e.g. for S3 notifications (Service s3.amazonaws.com with aws:SourceArn). Same-account roles need no statement here."
  default     = []
}

variable "dlq_alarm_threshold" {
  type        = number
  description = "DLQ depth that raises the alarm."
  default     = 1
}

variable "oldest_message_alarm_seconds" {
  type        = number
  description = "Raise an alarm when the oldest message of the main queue is this many seconds old (its consumer is stuck or too slow); null for no such alarm."
  default     = null
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified when the queue's alarms change state."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added to both queues and the alarm on top of the provider's default tags."
  default     = {}
}
