output "instance_name" {
  description = "Name of the VM."
  value       = google_compute_instance.this.name
}

output "zone" {
  description = "Zone the VM runs in."
  value       = google_compute_instance.this.zone
}

output "public_ip" {
  description = "Ephemeral public IP of the VM (outbound only; inbound SSH goes through IAP)."
  value       = google_compute_instance.this.network_interface[0].access_config[0].nat_ip
}

output "ssh_command" {
  description = "How to open a shell on the VM."
  value       = "gcloud compute ssh ${google_compute_instance.this.name} --zone ${google_compute_instance.this.zone} --project ${var.project_id} --tunnel-through-iap"
}
