output "arn" {
  description = "Load balancer ARN."
  value       = aws_lb.this.arn
}

output "dns_name" {
  description = "DNS name to point a record at."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Hosted zone of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.this.id
}

output "listener_arn" {
  description = "HTTPS listener ARN."
  value       = aws_lb_listener.https.arn
}
