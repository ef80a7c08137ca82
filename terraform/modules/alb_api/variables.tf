variable "name" {
  type        = string
  description = "Load balancer name (at most 32 characters); target groups are <name>-<route> cut to 32."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,32}$", var.name))
    error_message = "name must be 1-32 letters, digits or hyphens."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer's security group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets in at least two availability zones."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An application load balancer needs subnets in at least two availability zones."
  }
}

variable "internal" {
  type        = bool
  description = "Internal (VPC-only) rather than internet-facing."
  default     = false
}

variable "ingress_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks allowed to reach port 443."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listener."
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the listener: TLS 1.3 with TLS 1.2 fallback and forward-secret ciphers only."
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
}

variable "routes" {
  type = map(object({
    function_name = string
    alias         = string
    alias_arn     = string
    priority      = number
    path_patterns = list(string)
    http_methods  = optional(list(string), [])
  }))
  description = "Lambda targets by short route name: the function alias (normally live) the ALB invokes, listener rule priority and path patterns."
}

variable "access_logs_bucket" {
  type        = string
  description = "Bucket for ALB access logs (its policy must allow the regional ELB log delivery); null disables them."
  default     = null
}

variable "deletion_protection" {
  type        = bool
  description = "AWS-side deletion protection of the load balancer."
  default     = true
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
