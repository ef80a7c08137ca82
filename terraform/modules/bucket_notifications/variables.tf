variable "bucket" {
  type        = string
  description = "Name of the bucket whose events are sent (created by the data layer)."
}

variable "queue_notifications" {
  type = map(object({
    queue_arn = string
    events    = list(string)
    prefix    = optional(string)
    suffix    = optional(string)
  }))
  description = "S3 event notifications to SQS by id. The queue's policy must allow s3.amazonaws.com to SendMessage with aws:SourceArn set to the bucket."
}
