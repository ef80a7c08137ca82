output "arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.this.arn
}

output "url" {
  description = "URL of the main queue."
  value       = aws_sqs_queue.this.id
}

output "name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.id
}

output "dlq_alarm_arn" {
  description = "ARN of the DLQ depth alarm."
  value       = aws_cloudwatch_metric_alarm.dlq_depth.arn
}

output "oldest_message_alarm_arn" {
  description = "ARN of the oldest-message alarm, or null when it is off."
  value       = one(aws_cloudwatch_metric_alarm.oldest_message[*].arn)
}
