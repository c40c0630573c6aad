//! The app asks WebKitGTK to paint on the CPU, unless the user chose (its own
//! test binary: it changes the process environment).

use auth0_wizard_app::{paint_on_the_cpu, CPU_RENDERING_VAR};

#[test]
fn paints_on_the_cpu_unless_the_user_chose() {
    std::env::remove_var(CPU_RENDERING_VAR);
    paint_on_the_cpu();
    assert_eq!(std::env::var(CPU_RENDERING_VAR).as_deref(), Ok("1"));

    // The user's choice stands: 0 keeps painting on the GPU.
    std::env::set_var(CPU_RENDERING_VAR, "0");
    paint_on_the_cpu();
    assert_eq!(std::env::var(CPU_RENDERING_VAR).as_deref(), Ok("0"));
}
