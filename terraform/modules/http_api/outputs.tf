output "id" {
  description = "API id."
  value       = aws_apigatewayv2_api.this.id
}

output "endpoint" {
  description = "Base URL of the $default stage."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "execution_arn" {
  description = "Execution ARN, for extra Lambda permissions."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "access_log_group_name" {
  description = "Access log group."
  value       = aws_cloudwatch_log_group.access.name
}
