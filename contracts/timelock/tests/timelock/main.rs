//! Native tests of the GovernanceTimelock on stylus-sdk's TestVM.

extern crate alloc;

mod access_control;
mod calls;
mod construction;
mod delays;
mod execution;
mod fallback;
mod layout;
mod router;
mod scheduling;
mod self_admin;
mod state_machine;
mod support;
