resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = var.internal
  subnets                    = var.subnet_ids
  security_groups            = [aws_security_group.this.id]
  drop_invalid_header_fields = true
  # The ALB appends the client's address to X-Forwarded-For: the right-most entry is the one a client cannot forge.
  xff_header_processing_mode = "append"
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = 60

  dynamic "access_logs" {
    for_each = var.access_logs_bucket == null ? [] : [var.access_logs_bucket]
    content {
      bucket  = access_logs.value
      prefix  = var.name
      enabled = true
    }
  }

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-alb"
  description = "HTTPS into the ${var.name} load balancer"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

# Lambda targets are invoked through the Lambda API, not over the VPC, so the group needs no egress.
resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each = toset(var.ingress_cidrs)

  security_group_id = aws_security_group.this.id
  description       = "HTTPS from ${each.value}"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      message_body = jsonencode({ error = { code = "not_found", message = "No route matches this request." } })
      status_code  = "404"
    }
  }

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  for_each = var.routes

  name                               = substr("${var.name}-${each.key}", 0, 32)
  target_type                        = "lambda"
  lambda_multi_value_headers_enabled = false

  health_check {
    enabled = false
  }

  tags = var.tags
}

resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "alb-${substr(sha1("${var.name} ${each.key}"), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  qualifier     = each.value.alias
  principal     = "elasticloadbalancing.amazonaws.com"
  source_arn    = aws_lb_target_group.this[each.key].arn
}

resource "aws_lb_target_group_attachment" "this" {
  for_each = var.routes

  target_group_arn = aws_lb_target_group.this[each.key].arn
  target_id        = each.value.alias_arn

  depends_on = [aws_lambda_permission.this]
}

resource "aws_lb_listener_rule" "this" {
  for_each = var.routes

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    path_pattern {
      values = each.value.path_patterns
    }
  }

  dynamic "condition" {
    for_each = length(each.value.http_methods) == 0 ? [] : [each.value.http_methods]
    content {
      http_request_method {
        values = condition.value
      }
    }
  }

  tags = var.tags
}
